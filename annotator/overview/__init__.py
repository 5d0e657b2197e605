"""The project at a glance (issue 16): figures for the window's overview and the shared HTML report."""
