"""Pages of the dashboard: each module has `render(ctx)` and is listed in `dashboard.app.PAGES`."""
