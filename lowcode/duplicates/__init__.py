"""Duplicates: rules declared in hooks (`duplicate_rules`), keys kept per record, detection and merge.

    from lowcode.duplicates import find_duplicates, merge
    find_duplicates(doc)            # records the user may read that match a rule
    merge("Customer", keep, remove)  # every link moves to `keep`, `remove` is deleted

See docs/duplicates.md.
"""

from lowcode.duplicates.finder import find_duplicates, matching_names
from lowcode.duplicates.merge import merge

__all__ = ["find_duplicates", "matching_names", "merge"]
