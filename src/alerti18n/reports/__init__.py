"""What coordinators read: statistics, the release policy, the dashboard."""
