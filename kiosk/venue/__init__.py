"""The venue, without Qt: settings, the stand library and intake, statistics, health,
crash records, notifications to the service manager, signals."""
