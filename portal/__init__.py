"""Indgang: one digital entry point to a municipality's help for children and families.

The app factory is portal.app.create_app; docs/architecture.md maps the rest. This file
imports nothing, so that the core (every module outside the web layer) can be imported
without Flask.
"""
