"""The negotiation core: pure functions and frozen values, standard library only."""
