package io.sockjet.internal;

import java.lang.management.ManagementFactory;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A read-only MBean whose attributes are the components of a metrics record ({@code
 * ServerMetrics}, {@code ClientMetrics}), read from a fresh snapshot: what JConsole, VisualVM and
 * JMX exporters look at, from the JDK's {@code java.management} alone. Thread-safe: every read
 * takes its own snapshot.
 */
public final class MetricsMBean implements DynamicMBean {
  private static final System.Logger LOG = System.getLogger(MetricsMBean.class.getName());

  private final Supplier<? extends Record> snapshot;
  private final RecordComponent[] components;
  private final MBeanInfo info;

  private MetricsMBean(Class<? extends Record> type, Supplier<? extends Record> snapshot,
      String description) {
    this.snapshot = snapshot;
    this.components = type.getRecordComponents();
    MBeanAttributeInfo[] attributes = new MBeanAttributeInfo[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      attributes[i] = new MBeanAttributeInfo(attributeName(c), c.getType().getName(),
          c.getName(), true, false, false);
    }
    this.info = new MBeanInfo(type.getName(), description, attributes, null, null, null);
  }

  /**
   * Registers the metrics under {@code name} on the platform MBean server; returns what
   * unregisters them, or a no-op if registering failed (logged: metrics are never worth failing a
   * server for).
   */
  public static <R extends Record> Runnable register(String name, Class<R> type,
      Supplier<R> snapshot, String description) {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName objectName = new ObjectName(name);
      server.registerMBean(new MetricsMBean(type, snapshot, description), objectName);
      return () -> {
        try {
          server.unregisterMBean(objectName);
        } catch (JMException e) {
          // Already gone.
        }
      };
    } catch (JMException | RuntimeException | LinkageError e) {
      LOG.log(System.Logger.Level.DEBUG, "not registered as an MBean: " + name, e);
      return () -> {};
    }
  }

  /** JMX's convention: attributes start with a capital. */
  private static String attributeName(RecordComponent c) {
    return Character.toUpperCase(c.getName().charAt(0)) + c.getName().substring(1);
  }

  @Override
  public Object getAttribute(String attribute) throws AttributeNotFoundException {
    return read(snapshot.get(), attribute);
  }

  private Object read(Record r, String attribute) throws AttributeNotFoundException {
    for (RecordComponent c : components) {
      if (attributeName(c).equals(attribute)) {
        try {
          return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    throw new AttributeNotFoundException(attribute);
  }

  @Override
  public AttributeList getAttributes(String[] attributes) {
    Record r = snapshot.get(); // one snapshot for all, so they agree with each other
    List<Attribute> values = new ArrayList<>();
    for (String a : attributes) {
      try {
        values.add(new Attribute(a, read(r, a)));
      } catch (AttributeNotFoundException e) {
        // JMX leaves unknown attributes out of the list.
      }
    }
    return new AttributeList(values);
  }

  @Override
  public void setAttribute(Attribute attribute) {
    throw new UnsupportedOperationException("metrics are read-only");
  }

  @Override
  public AttributeList setAttributes(AttributeList attributes) {
    return new AttributeList();
  }

  @Override
  public Object invoke(String actionName, Object[] params, String[] signature) {
    throw new UnsupportedOperationException("no operations");
  }

  @Override
  public MBeanInfo getMBeanInfo() {
    return info;
  }
}
