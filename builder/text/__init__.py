"""What editors type, read safely: YAML (the safe loader only), dates, slugs, typo hints.

Plain functions over strings that every stage may use; none knows the site.
"""
