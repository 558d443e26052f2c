package dev.archsim.engine.findings;

/**
 * Something about an architecture that needs no simulation to see.
 *
 * @param category e.g. single-point-of-failure, quota, security, reliability
 * @param severity high, medium, low
 * @param component the part it is about
 * @param message what it means for the user
 */
public record Finding(String category, String severity, String component, String message) {}
