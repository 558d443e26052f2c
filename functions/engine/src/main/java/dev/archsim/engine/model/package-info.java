/**
 * The scenario model: immutable records and sealed families for workload, architecture, faults,
 * objectives and run settings.
 */
package dev.archsim.engine.model;
