"""The Excel report a shop owner forwards."""
