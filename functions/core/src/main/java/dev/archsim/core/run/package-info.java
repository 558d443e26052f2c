/** The run use cases (submit, process shard, complete, fail, read, publish) and their ports. */
package dev.archsim.core.run;
