/** JSON forms of shard results (exact) and of the run result. */
package dev.archsim.core.result;
