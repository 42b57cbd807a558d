"""Everything that touches PO files: strict reading, msgcat-exact writing, merging."""
