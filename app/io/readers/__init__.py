"""Reading export files of any format into a plain table, or a clear error."""
