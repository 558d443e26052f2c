/**
 * The hybrid engine: discrete infrastructure events, fluid traffic between them, shards and random
 * streams.
 */
package dev.archsim.engine.sim;
