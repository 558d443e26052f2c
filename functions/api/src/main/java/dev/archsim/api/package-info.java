/** The HTTP API Lambda: POST /runs and GET /runs/{id}. */
package dev.archsim.api;
