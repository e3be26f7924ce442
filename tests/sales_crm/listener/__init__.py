"""A tiny app that subscribes to the CRM's custom `on_won` event, as a notification app would."""
