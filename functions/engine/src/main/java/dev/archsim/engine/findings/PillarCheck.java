package dev.archsim.engine.findings;

/**
 * One item of the Well-Architected checklist of a stage: a pillar, what is checked, and whether it
 * holds.
 */
public record PillarCheck(String pillar, String check, boolean met) {}
