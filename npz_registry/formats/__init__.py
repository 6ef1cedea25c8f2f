"""Date and number formats of our languages where Django's differ from what Belgium reads
(settings.FORMAT_MODULE_PATH): English as written in Europe, not in the United States."""
