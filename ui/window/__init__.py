"""The main window: its pages, menus and the screens built on first use."""
