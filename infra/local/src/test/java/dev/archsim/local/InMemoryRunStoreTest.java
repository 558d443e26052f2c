package dev.archsim.local;

import dev.archsim.core.run.RunStore;
import dev.archsim.core.run.RunStoreContract;
import dev.archsim.local.adapters.InMemoryRunStore;

class InMemoryRunStoreTest extends RunStoreContract {
  private final InMemoryRunStore store = new InMemoryRunStore();

  @Override
  protected RunStore store() {
    return store;
  }
}
