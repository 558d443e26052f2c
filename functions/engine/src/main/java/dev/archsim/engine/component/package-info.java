/**
 * One module per AWS component, registered in {@link dev.archsim.engine.component.Components}: each
 * {@link dev.archsim.engine.component.Component} owns its section of the scenario's architecture,
 * its semantic rules, its stage of the request path ({@link
 * dev.archsim.engine.component.PathStage}), its scheduled faults, its costs, its static findings
 * and the lines {@code archsim explain} prints for it. The engine reaches a trial's shared state
 * only through {@link dev.archsim.engine.component.TrialContext}.
 */
package dev.archsim.engine.component;
