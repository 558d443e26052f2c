/**
 * Embedded adapters of the run ports, used by the CLI and the tests, and the local pipeline wiring.
 */
package dev.archsim.local.adapters;
