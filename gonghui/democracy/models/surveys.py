"""(this part's models: see the app's __init__)"""
