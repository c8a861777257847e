"""The Shop and File menus' dialogs: settings, staff, who is at the counter, manifest
import, exports.
"""
