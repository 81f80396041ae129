"""The visit, without Qt: idle and attract state, what a panel shows, the staff PIN gate."""
