"""GUI checks that need a real X server (positions, scrolling, clicks at screen coordinates).

They run under Xvfb on Qt's xcb platform, started by tests/test_gui_on_screen.py; the file
names do not start with test_ so the offscreen session never collects them.
"""
