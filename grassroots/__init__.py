"""grassroots"""
