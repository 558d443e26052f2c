/**
 * Semantic validation returning every violation with its JSON path, and the limits a run must
 * respect.
 */
package dev.archsim.engine.validate;
