"""Versioned data of the targeting score (weights), read by ``microparks.io.tables``."""
