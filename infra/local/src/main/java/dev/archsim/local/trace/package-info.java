/** Workload traces from data: CSV exports read into the points a scenario's trace carries. */
package dev.archsim.local.trace;
