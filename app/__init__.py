"""ReviewLens (评论透镜): review exports in, decisions out."""

__version__ = "0.1.0"
APP_NAME = "ReviewLens"
