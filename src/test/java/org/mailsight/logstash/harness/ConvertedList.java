package org.mailsight.logstash.harness;

import java.util.ArrayList;
import java.util.List;

/** Like org.logstash.ConvertedList: a list whose items are stored in their Ruby form ({@link Ruby}). */
public final class ConvertedList extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;

    ConvertedList(int size) {
        super(size);
    }

    static ConvertedList from(List<?> list) {
        ConvertedList l = new ConvertedList(list.size());
        for (Object o : list) l.add(Values.convert(o));
        return l;
    }
}
