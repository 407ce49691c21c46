"""Text before analysis: clauses, normalisation, segmentation, codes for repeated texts."""
