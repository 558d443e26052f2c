/** Closed-form queueing: M/M/c waiting and response-time distributions with a client timeout. */
package dev.archsim.engine.queueing;
