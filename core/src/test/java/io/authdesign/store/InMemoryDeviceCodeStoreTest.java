package io.authdesign.store;

import java.lang.reflect.Field;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class InMemoryDeviceCodeStoreTest extends DeviceCodeStoreContract {

    @Override
    protected DeviceCodeStore newStore(Clock clock) {
        return new InMemoryDeviceCodeStore(clock);
    }

    /** Another node of one process shares the instance: nothing else can see its maps. */
    @Override
    protected DeviceCodeStore anotherNode(Clock clock) {
        return store;
    }

    /** Every key and value of the store's maps, read from its private fields (values as their record text). */
    @Override
    protected List<String> everythingStored() {
        List<String> texts = new ArrayList<>();
        for (Field field : InMemoryDeviceCodeStore.class.getDeclaredFields()) {
            if (Map.class.isAssignableFrom(field.getType())) {
                field.setAccessible(true);
                try {
                    Map<?, ?> map = (Map<?, ?>) field.get(store);
                    synchronized (store) {
                        map.forEach((key, value) -> {
                            texts.add(String.valueOf(key));
                            texts.add(String.valueOf(value));
                        });
                    }
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return texts;
    }
}
