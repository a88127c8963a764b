#include "plugins/checks/rules/Common.hpp"

#include <cmath>
#include <cstdio>

#include "plugins/checks/Fixes.hpp"
#include "plugins/checks/model/Ast.hpp"

namespace mlide::checks::rules {

using namespace model;

std::optional<KerasLoss> kerasLoss(const CallSite& compile, const SemanticModel& m) {
  if (compile.method != "compile" || !compile.callee.empty()) return std::nullopt;
  const std::string_view src = m.source();
  KerasLoss out;
  out.compile = compile.node;
  out.network = m.networkOf(ast::receiver(compile.node));
  if (!out.network || !out.network->isKeras()) return std::nullopt;
  out.expr = ast::argument(compile.node, 1, "loss", src);
  if (!out.expr) return std::nullopt;
  Node e = ast::unparen(out.expr);
  if (auto s = m.evalString(e)) {
    out.spec = findLoss(*s);
    out.isString = true;
    out.definition = m.literalOf(e);
    out.fromLogits = false;
  } else {
    Node d = m.definitionOf(e);
    if (!d) return std::nullopt;
    out.definition = d;
    if (d.is("call")) {
      out.spec = findLoss(m.canonical(d));
      out.isObject = true;
      out.fromLogitsArg = ast::keywordArgument(d, "from_logits", src);
      if (!out.fromLogitsArg) out.fromLogits = false;
      else out.fromLogits = ast::boolLiteral(out.fromLogitsArg.field("value"));
      if (ast::hasSplat(d)) out.fromLogits.reset();
    } else {
      out.spec = findLoss(m.canonical(d));  // a loss function passed by reference
      out.fromLogits = false;
    }
  }
  if (!out.spec || out.spec->framework != Framework::Keras) return std::nullopt;
  return out;
}

std::optional<TorchLoss> torchLoss(const CallSite& call, const SemanticModel& m) {
  const std::string_view src = m.source();
  TorchLoss out;
  out.call = call.node;
  Node fn = call.node.field("function");
  // `nn.BCELoss()(out, y)`: the callee resolves to the class; the call applies an instance.
  if (fn.is("call")) {
    out.spec = findLoss(m.canonical(fn));
    out.criterion = fn;
  } else if (!call.callee.empty()) {
    const LossSpec* spec = findLoss(call.callee);
    // A class name here is the construction of a loss object, not its application.
    if (!spec || spec->framework != Framework::Torch || call.callee.rfind("torch.nn.functional.", 0) != 0) {
      return std::nullopt;
    }
    out.spec = spec;
  } else if (fn.is("identifier") || fn.is("attribute")) {
    Node d = m.definitionOf(fn);
    if (!d || !d.is("call")) return std::nullopt;
    out.spec = findLoss(m.canonical(d));
    out.criterion = d;
  }
  if (!out.spec || out.spec->framework != Framework::Torch) return std::nullopt;
  if (out.criterion && m.canonical(out.criterion).rfind("torch.nn.functional.", 0) == 0) return std::nullopt;
  out.input = ast::argument(call.node, 0, "input", src);
  if (!out.input) return std::nullopt;
  out.chain = m.chainOf(out.input);
  return out;
}

const std::optional<TorchLoss>& torchLossOf(const CallSite& call, Context& ctx) {
  // Keyed by the end byte: nested calls never end at the same offset.
  return ctx.memo<std::optional<TorchLoss>>(Context::MemoSlot::TorchLoss, call.node.end(),
                                           [&] { return torchLoss(call, ctx.model()); });
}

std::size_t knownTailStart(const Chain& chain) {
  for (std::size_t i = chain.ops.size(); i-- > 0;) {
    if (!chain.ops[i].known()) return i + 1;
  }
  return 0;
}

std::string snippet(Node n, std::string_view src) {
  std::string out;
  bool space = false;
  for (char c : n.text(src)) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space && out.back() != '(' && out.back() != '[' && c != ')' && c != ']') out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > 48) out = out.substr(0, 45) + "...";
  return out;
}

std::string lineLabel(std::string_view src, std::size_t at) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < at && i < src.size(); ++i) line += src[i] == '\n';
  return "line " + std::to_string(line);
}

std::string formatNumber(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

RelatedInfo relatedAt(Node n, std::string message) { return RelatedInfo{n.range(), std::move(message)}; }

void addFix(Finding& f, std::string title, Applicability a, std::optional<Edit> edit) {
  if (!edit) return;
  f.fixes.push_back(Fix{std::move(title), a, {std::move(*edit)}});
}

void addFix(Finding& f, std::string title, Applicability a, std::vector<std::optional<Edit>> edits) {
  Fix fix{std::move(title), a, {}};
  for (auto& e : edits) {
    if (!e) return;
    fix.edits.push_back(std::move(*e));
  }
  if (!fix.edits.empty()) f.fixes.push_back(std::move(fix));
}

std::string torchNn(const SemanticModel& m) { return fixes::spell(m, "torch.nn"); }
std::string torchF(const SemanticModel& m) { return fixes::spell(m, "torch.nn.functional"); }
std::string kerasLosses(const SemanticModel& m) { return fixes::spell(m, "keras.losses"); }

}  // namespace mlide::checks::rules

namespace mlide::checks::rules {

using namespace model;

bool isSchedulerReceiver(Node recv, const SemanticModel& m) {
  if (!recv) return false;
  if (isScheduler(m.constructorOf(recv))) return true;
  const std::string_view t = recv.text(m.source());
  return t.find("sched") != std::string_view::npos || t.find("lr_") != std::string_view::npos;
}

namespace {

// Classifies one call; false if it is no training event.
bool classify(const CallSite& c, const SemanticModel& m, LoopEvent& ev) {
  const std::string_view src = m.source();
  const std::string_view method = c.method;
  if (method.empty()) return false;
  Node recv = ast::receiver(c.node);
  ev.receiver = recv;
  if (method == "backward" || method == "manual_backward") {
    ev.kind = EventKind::Backward;
    return true;
  }
  // p.grad.zero_() / p.grad.data.zero_(): clearing by hand.
  if (method == "zero_" && recv && recv.text(src).find("grad") != std::string_view::npos) {
    ev.kind = EventKind::ZeroGrad;
    return true;
  }
  if (method == "zero_grad") {
    ev.kind = EventKind::ZeroGrad;
    return true;
  }
  if (method == "step") {
    if (isSchedulerReceiver(recv, m)) {
      ev.kind = EventKind::SchedulerStep;
      return true;
    }
    // scaler.step(optimizer) (AMP): the optimizer is the argument.
    const std::string recvCtor = recv ? m.constructorOf(recv) : std::string();
    if (recvCtor.find("GradScaler") != std::string::npos || (recv && recv.text(src).find("scaler") != std::string_view::npos)) {
      ev.receiver = ast::positional(c.node, 0);
      ev.kind = EventKind::Step;
      return true;
    }
    const std::string_view rt = recv ? recv.text(src) : std::string_view{};
    if (findOptimizer(recvCtor) || rt.find("opt") != std::string_view::npos) {
      ev.kind = EventKind::Step;
      return true;
    }
    return false;
  }
  if (method == "eval" && ast::positionalCount(c.node) == 0) {
    ev.kind = EventKind::Eval;
    return true;
  }
  if (method == "train") {
    Node a = ast::positional(c.node, 0);
    if (!a) a = ast::keywordValue(c.node, "mode", src);
    auto b = a ? ast::boolLiteral(a) : std::optional<bool>(true);
    if (!b) return false;
    ev.kind = *b ? EventKind::Train : EventKind::Eval;
    return true;
  }
  return false;
}

bool underIf(Node n, Node body) {
  for (Node p = n.parent(); p && !(p == body); p = p.parent()) {
    if (p.is("if_statement") || p.is("conditional_expression")) return true;
  }
  return false;
}

void collect(Node body, const SemanticModel& m, Node anchor, int depth, std::vector<LoopEvent>& out) {
  const std::string_view src = m.source();
  ast::forEachInBody(body, [&](Node n) {
    if (n.is("call")) {
      const CallSite* c = m.callAt(n);
      if (!c) return true;
      LoopEvent ev{};
      ev.call = n;
      ev.anchor = anchor ? anchor : n;
      if (classify(*c, m, ev)) {
        ev.guarded = underIf(n, body);
        out.push_back(ev);
      } else if (depth == 0) {
        Node fn = n.field("function");
        if (fn.is("identifier")) {
          const Binding* b = m.lookup(fn.text(src), fn);
          if (b && b->kind == BindingKind::Definition && b->value.is("function_definition")) {
            std::vector<LoopEvent> inner;
            collect(b->value.field("body"), m, n, depth + 1, inner);
            for (LoopEvent& e : inner) {
              e.guarded = e.guarded || underIf(n, body);
              out.push_back(e);
            }
          }
        }
      }
    } else if (n.is("assignment")) {
      // p.grad = None
      Node left = n.field("left");
      if (left.is("attribute") && left.field("attribute").text(src) == "grad" && ast::isNone(n.field("right"))) {
        LoopEvent ev{EventKind::ZeroGrad, n, anchor ? anchor : n, Node{}, underIf(n, body)};
        out.push_back(ev);
      }
    }
    return true;
  });
}

}  // namespace

std::vector<LoopEvent> loopEvents(Node body, const SemanticModel& m) {
  std::vector<LoopEvent> out;
  collect(body, m, Node{}, 0, out);
  return out;
}

Node loopBody(Node loop) { return loop.field("body"); }

const std::vector<LoopEvent>& loopEventsOf(Node body, Context& ctx) {
  // Keyed by the start byte: two blocks never start at the same offset.
  return ctx.memo<std::vector<LoopEvent>>(Context::MemoSlot::LoopEvents, body.begin(),
                                          [&] { return loopEvents(body, ctx.model()); });
}

bool loopTrains(Node loop, Context& ctx) {
  bool backward = false, step = false;
  for (const LoopEvent& e : loopEventsOf(loopBody(loop), ctx)) {
    backward = backward || e.kind == EventKind::Backward;
    step = step || e.kind == EventKind::Step;
  }
  return backward && step;
}

bool nestedLoopTrains(Node loop, Context& ctx) {
  return ctx.memo<bool>(Context::MemoSlot::NestedTraining, loop.begin(), [&] {
    const SemanticModel& m = ctx.model();
    for (Node inner : m.loops()) {
      if (inner == loop || !ast::contains(loopBody(loop), inner)) continue;
      if (!(ast::enclosingFunction(inner) == ast::enclosingFunction(loop))) continue;
      if (loopTrains(inner, ctx)) return true;
    }
    return false;
  });
}

namespace {

// The expression a for loop iterates, unwrapped from enumerate(...) / tqdm(...) / iter(...).
Node iterated(Node loop, const SemanticModel& m) {
  const std::string_view src = m.source();
  Node it = ast::unparen(loop.field("right"));
  for (int i = 0; i < 3 && it && it.is("call"); ++i) {
    Node fn = it.field("function");
    const std::string_view name = fn.is("identifier")  ? fn.text(src)
                                  : fn.is("attribute") ? fn.field("attribute").text(src)
                                                       : "";
    if (name != "enumerate" && name != "tqdm" && name != "iter") break;
    it = ast::unparen(ast::positional(it, 0));
  }
  return it;
}

}  // namespace

Node trainingLoopOver(Node loader, Context& ctx) {
  const SemanticModel& m = ctx.model();
  for (Node loop : m.loops()) {
    if (!loop.is("for_statement")) continue;
    Node it = iterated(loop, m);
    if (!it || !(m.definitionOf(it) == loader)) continue;
    for (const LoopEvent& e : loopEventsOf(loopBody(loop), ctx)) {
      if (e.kind == EventKind::Backward) return loop;
    }
  }
  return {};
}

ArrayOrigin arrayOrigin(Node e, const SemanticModel& m) {
  const std::string_view src = m.source();
  ArrayOrigin out;
  for (int depth = 0; depth < 24; ++depth) {
    e = ast::unparen(e);
    if (!e) return out;
    if (e.is("identifier")) {
      const Binding* b = m.lookup(e.text(src), e);
      if (!b) return out;
      if (b->kind == BindingKind::AugAssign) {
        out.kind = ArrayOrigin::Kind::Scaled;  // x /= 255 and friends
        return out;
      }
      if (b->kind == BindingKind::Unpack) {
        Node v = ast::unparen(b->value);
        if (v.is("call")) {
          const std::string c = m.canonical(v);
          if (isImageDatasetLoader(c) && b->path.size() == 2 && b->path[1] == 0) {
            out.kind = ArrayOrigin::Kind::RawImages;
            out.load = v;
            out.statement = b->statement;
            const std::size_t end = c.rfind('.');
            const std::size_t begin = c.rfind('.', end - 1);
            out.dataset = c.substr(begin + 1, end - begin - 1);
          }
        }
        return out;
      }
      if (b->kind != BindingKind::Assign) return out;
      e = b->value;
      continue;
    }
    if (e.is("subscript")) {
      e = e.field("value");
      continue;
    }
    if (e.is("binary_operator")) {
      const std::string_view op = e.field("operator").text(src);
      if (op == "/" || op == "*" || op == "-" || op == "//") out.kind = ArrayOrigin::Kind::Scaled;
      return out;
    }
    if (e.is("call")) {
      const std::string_view method = ast::methodName(e, src);
      const std::string c = m.canonical(e);
      if (c.empty() && (method == "reshape" || method == "astype" || method == "copy" || method == "squeeze")) {
        e = ast::receiver(e);
        continue;
      }
      if (c == "numpy.expand_dims" || c == "numpy.reshape" || c == "numpy.array" || c == "numpy.asarray" ||
          c == "tensorflow.expand_dims" || c == "tensorflow.convert_to_tensor" || c == "tensorflow.cast" ||
          c == "tensorflow.reshape" || c == "numpy.squeeze") {
        e = ast::positional(e, 0);
        continue;
      }
      return out;
    }
    return out;
  }
  return out;
}

}  // namespace mlide::checks::rules

namespace mlide::checks::rules {

using namespace model;

std::optional<Edit> setKerasActivation(const Layer& layer, std::string_view activation) {
  const std::string quoted = "'" + std::string(activation) + "'";
  if (layer.activationArg) {
    Node v = layer.activationArg.is("keyword_argument") ? layer.activationArg.field("value") : layer.activationArg;
    if (!v) return std::nullopt;
    return fixes::replace(v, quoted);
  }
  Node call = layer.node;
  if (!call.is("call")) return std::nullopt;
  return fixes::addArgument(call, "activation=" + quoted);
}

std::optional<Edit> removeKerasActivation(const Layer& layer, std::string_view src) {
  if (!layer.activationArg) return std::nullopt;
  return fixes::removeArgument(layer.activationArg, src);
}

bool inLayerList(Node n) {
  Node p = n.parent();
  return p && (p.is("argument_list") || p.is("list") || p.is("tuple"));
}

std::optional<Edit> removeActivationOp(const Layer& op, const SemanticModel& m) {
  const std::string_view src = m.source();
  Node n = op.node;
  if (!n || !n.is("call")) return std::nullopt;
  if (op.functional) {
    if (ast::methodName(n, src).empty() || !m.canonical(n).empty()) return fixes::unwrapCall(n, src);
    Node recv = ast::receiver(n);
    if (!recv) return std::nullopt;
    return fixes::replace(n, std::string(recv.text(src)));
  }
  if (inLayerList(n)) {
    Node list = n.parent();
    std::size_t items = 0;
    for (Node c : list.namedChildren()) items += c.is("comment") || c.is("keyword_argument") ? 0 : 1;
    if (items < 2) return std::nullopt;  // never leave an empty model
    return fixes::removeElement(n, src);
  }
  return std::nullopt;
}

bool opIs(const Layer& op, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (op.name == n) return true;
  }
  return false;
}

std::optional<OutputActivation> torchOutput(const TorchLoss& loss) {
  auto out = outputActivation(loss.chain);
  if (!out) return std::nullopt;
  // A loss input whose ops are all transparent (or empty) says nothing.
  if (out->at >= loss.chain.ops.size()) return std::nullopt;
  return out;
}

std::string lossLabel(const SemanticModel& m, Node definition) {
  if (!definition) return "the loss";
  const std::string_view src = m.source();
  if (auto s = ast::stringValue(definition, src)) return "'" + *s + "'";
  Node fn = definition.is("call") ? definition.field("function") : definition;
  return std::string(fn.text(src));
}

}  // namespace mlide::checks::rules

namespace mlide::checks::rules {

bool inLightning(Node n, const model::SemanticModel& m) {
  const model::ClassInfo* k = m.enclosingClassInfo(n);
  return k && k->lightning;
}

bool inLoop(Node n, Node loop) {
  return ast::contains(loop.field("body"), n) && ast::enclosingFunction(n) == ast::enclosingFunction(loop);
}

std::string receiverText(const LoopEvent& e, std::string_view src) {
  return e.receiver ? std::string(e.receiver.text(src)) : std::string();
}

}  // namespace mlide::checks::rules
