"""Blocks to translatable units: sentences, press-release roles, word counts.

* :mod:`~transflow.segment.sentences`: language-aware sentence segmentation (SRX-style rules);
* :mod:`~transflow.segment.roles`: what each block and unit is (headline, lead, quote…);
* :mod:`~transflow.segment.words`: word counting for every script.
"""

# the public modules (imported on use: importing the package stays cheap)
__all__ = [
    "roles",
    "sentences",
    "words",
]
