/** Reading scenario documents: JSON Schema first, then the engine's semantic validation. */
package dev.archsim.core.scenario;
