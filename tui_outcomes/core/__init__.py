"""The functional core: plain Python, no Textual or Rich (a test enforces it).

The model, the file format, checks, exports, review, merge and the open document live here and are
used alike by the app (the Textual shell around it) and the command line.
"""
