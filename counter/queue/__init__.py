"""The social-security queue (社保排队叫号): tickets, calls, fairness, wait estimates."""
