"""A resident's own copy of everything the site keeps about them ("download my data").

It reads every area's models, so it sits above the areas, beside the managers' pages.
"""
