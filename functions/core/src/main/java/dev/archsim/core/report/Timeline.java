package dev.archsim.core.report;

/**
 * One trial of one stage over time: instances in service, offered and failed requests per second,
 * at the start of each point's interval (at most a few hundred points).
 */
public record Timeline(
    int stage,
    long trial,
    String label,
    double[] seconds,
    double[] inService,
    double[] offered,
    double[] failed) {}
