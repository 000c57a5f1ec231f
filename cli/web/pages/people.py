"""stub"""
ROUTES = []
