"""Present stage: figures, reports and spreadsheets made from result folders on disk."""
