"""The Help menu: the manual (docs/manual/*.md in a QTextBrowser), the keyboard shortcuts,
where the shop's data is, and About (version, licences, map attribution)."""
