/** The SQS worker Lambda: one shard per message, partial batch failures, dead-letter handling. */
package dev.archsim.worker;
