"""The hall display (叫号屏) and the guide's hall controls (试播)."""
