/**
 * Results as an exact, mergeable monoid (per trial, per shard, per stage) and the summaries users
 * read.
 */
package dev.archsim.engine.result;
