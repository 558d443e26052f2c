/**
 * Scaling policies of an Auto Scaling group (or of a service that scales like one), one class each:
 * each reads one minute of the group's metrics ({@link
 * dev.archsim.engine.sim.scaling.MetricPeriod}) and says what capacity it asks for. They hold their
 * own alarm state and nothing of the trial, so any fleet that can fill a {@code MetricPeriod} can
 * scale with them.
 */
package dev.archsim.engine.sim.scaling;
