#include "actors/domain/text_classifier.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <fasttext/fasttext.h>

#include "actors/domain/text_signature.hpp"
#include "actors/domain/utf8_codec.hpp"

namespace cityops::domain {
namespace {

constexpr std::string_view label_prefix = "__label__";
// Raise when tokens() changes what it makes of a text.
constexpr int tokenizer_version = 1;
// Raise when train() changes the order or the form of the lines it gives fastText.
constexpr int training_file_version = 2;

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return c >= 'a' && c <= 'z'; }

std::uint64_t fnv1a64(std::uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// The training lines in a fixed pseudo-random order keyed by the seed: fastText reads its file
// front to back in every epoch with a learning rate that decays over the run, so a corpus
// grouped by category (as the files are) would leave each epoch ending on the last files'
// categories and bias the model towards them. The order hashes each line, so it does not
// depend on the order of the files either.
std::vector<const labelled_text*> training_order(const std::vector<labelled_text>& texts,
                                                 int seed) {
  std::vector<std::pair<std::uint64_t, const labelled_text*>> keyed;
  keyed.reserve(texts.size());
  const std::uint64_t basis = fnv1a64(14695981039346656037ull, std::to_string(seed));
  for (const auto& t : texts)
    keyed.emplace_back(fnv1a64(fnv1a64(basis, t.category), t.text), &t);
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    if (a.second->category != b.second->category) return a.second->category < b.second->category;
    return a.second->text < b.second->text;
  });
  std::vector<const labelled_text*> out;
  out.reserve(keyed.size());
  for (const auto& k : keyed) out.push_back(k.second);
  return out;
}

// A training step of `model` with `loss`: characters are the words, one thread and a fixed
// seed.
fasttext::Args step_args(const classifier_options& o, const std::string& input,
                         fasttext::model_name model, fasttext::loss_name loss, int epoch,
                         double lr) {
  fasttext::Args a;
  a.input = input;
  a.model = model;
  a.loss = loss;
  a.epoch = epoch;
  a.lr = lr;
  a.dim = o.dim;
  a.minCount = 1;
  a.minn = 0;  // characters are the words: no sub-word n-grams
  a.maxn = 0;
  a.thread = 1;  // one thread and a fixed seed: deterministic
  a.seed = o.seed;
  a.verbose = 0;
  return a;
}

// Skip-gram over the token lines alone: one vector per character.
fasttext::Args pretraining_args(const classifier_options& o, const std::string& input) {
  fasttext::Args a = step_args(o, input, fasttext::model_name::sg, fasttext::loss_name::ns,
                               o.pretrain_epoch, 0.05);
  a.ws = o.pretrain_window;
  return a;
}

// Writes the character vectors of `model` in fastText's .vec text form.
bool write_vectors(const fasttext::FastText& model, int dim, const std::string& path) {
  std::ofstream out(path, std::ios::trunc);
  const auto dict = model.getDictionary();
  out << dict->nwords() << ' ' << dim << '\n';
  fasttext::Vector v(dim);
  for (std::int32_t i = 0; i < dict->nwords(); ++i) {
    const std::string word = dict->getWord(i);
    model.getWordVector(v, word);
    out << word;
    for (std::int64_t j = 0; j < v.size(); ++j) out << ' ' << v[j];
    out << '\n';
  }
  return static_cast<bool>(out);
}

fasttext::Args training_args(const classifier_options& o, const std::string& input) {
  fasttext::Args a = step_args(o, input, fasttext::model_name::sup, fasttext::loss_name::softmax,
                               o.epoch, o.learning_rate);
  a.wordNgrams = o.word_ngrams;
  a.bucket = o.bucket;
  return a;
}

}  // namespace

text_classifier::text_classifier() : simplifier_(std::make_shared<simplified_chinese>()) {}
text_classifier::~text_classifier() = default;
text_classifier::text_classifier(text_classifier&&) noexcept = default;
text_classifier& text_classifier::operator=(text_classifier&&) noexcept = default;

std::string text_classifier::tokens(std::string_view text) const {
  const std::string norm = normalize_for_matching(simplifier_->convert(text));
  std::string out;
  out.reserve(norm.size() + norm.size() / 2);
  for (std::size_t i = 0; i < norm.size();) {
    const char c = norm[i];
    std::size_t end = i + 1;
    if (is_ascii_digit(c)) {
      while (end < norm.size() && is_ascii_digit(norm[end])) ++end;
      if (!out.empty()) out.push_back(' ');
      out.push_back('0');  // every number reads alike: house numbers, times, money
    } else if (is_ascii_letter(c)) {
      while (end < norm.size() && is_ascii_letter(norm[end])) ++end;
      if (!out.empty()) out.push_back(' ');
      out.append(norm, i, end - i);
    } else {
      char32_t cp = 0;
      end = i + std::max<std::size_t>(1, decode_utf8(norm, i, cp));
      if (!out.empty()) out.push_back(' ');
      out.append(norm, i, end - i);
    }
    i = end;
  }
  return out;
}

std::string text_classifier::model_name(const std::vector<labelled_text>& texts,
                                        const classifier_options& o) {
  std::uint64_t h = 14695981039346656037ull;
  std::ostringstream opts;
  // The tokenizer's version joins the hash: a model cached under a name must have been
  // trained on the same token lines the running binary makes.
  opts << "tokens-v" << tokenizer_version << "/lines-v" << training_file_version << '/'
       << o.dim << '/' << o.epoch << '/' << o.learning_rate << '/' << o.word_ngrams << '/' << o.bucket << '/' << o.seed << "/pre"
       << o.pretrain_epoch << '/' << o.pretrain_window;
  h = fnv1a64(h, opts.str());
  for (const auto& t : texts) {
    h = fnv1a64(h, t.category);
    h = fnv1a64(h, "\t");
    h = fnv1a64(h, t.text);
    h = fnv1a64(h, "\n");
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return "fasttext-" + std::string(hex);
}

std::unique_ptr<text_classifier> text_classifier::train(const std::vector<labelled_text>& texts,
                                                        const classifier_options& options,
                                                        const std::string& scratch_file,
                                                        std::string& error) {
  std::unique_ptr<text_classifier> c(new text_classifier());
  const bool pretrain = options.pretrain_epoch > 0;
  const std::string plain_file = scratch_file + ".plain";  // token lines without labels
  const std::string vectors_file = scratch_file + ".vec";
  auto remove_scratch = [&] {
    std::remove(scratch_file.c_str());
    std::remove(plain_file.c_str());
    std::remove(vectors_file.c_str());
  };
  {
    std::ofstream out(scratch_file, std::ios::trunc);
    std::ofstream plain;
    if (pretrain) plain.open(plain_file, std::ios::trunc);
    for (const labelled_text* t : training_order(texts, options.seed)) {
      const auto line = c->tokens(t->text);
      if (line.empty()) continue;
      out << label_prefix << t->category << ' ' << line << '\n';
      if (pretrain) plain << line << '\n';
    }
    if (!out || (pretrain && !plain)) {
      error = "cannot write the training files " + scratch_file + "*";
      remove_scratch();
      return nullptr;
    }
  }
  fasttext::Args args = training_args(options, scratch_file);
  try {  // fastText reports bad input by throwing
    if (pretrain) {
      fasttext::FastText vectors;
      vectors.train(pretraining_args(options, plain_file));
      if (!write_vectors(vectors, options.dim, vectors_file)) {
        error = "cannot write the character vectors " + vectors_file;
        remove_scratch();
        return nullptr;
      }
      args.pretrainedVectors = vectors_file;
    }
    c->model_ = std::make_unique<fasttext::FastText>();
    c->model_->train(args);
  } catch (const std::exception& e) {
    error = std::string("fastText training failed: ") + e.what();
    remove_scratch();
    return nullptr;
  }
  remove_scratch();
  c->name_ = model_name(texts, options);
  return c;
}

std::unique_ptr<text_classifier> text_classifier::load(const std::string& path,
                                                       const std::string& name,
                                                       std::string& error) {
  std::unique_ptr<text_classifier> c(new text_classifier());
  c->model_ = std::make_unique<fasttext::FastText>();
  try {
    c->model_->loadModel(path);
  } catch (const std::exception& e) {
    error = std::string("cannot load the model ") + path + ": " + e.what();
    return nullptr;
  }
  c->name_ = name;
  return c;
}

bool text_classifier::save(const std::string& path, std::string& error) const {
  try {
    model_->saveModel(path);
  } catch (const std::exception& e) {
    error = std::string("cannot save the model ") + path + ": " + e.what();
    return false;
  }
  return true;
}

classification_result text_classifier::classify(std::string_view text, std::size_t k) const {
  classification_result out;
  out.model = name_;
  const std::string line = tokens(text);
  if (line.empty()) return out;
  std::istringstream in(line + "\n");
  std::vector<int32_t> words, labels;
  const auto dict = model_->getDictionary();
  dict->getLine(in, words, labels);
  fasttext::Predictions predictions;
  model_->predict(static_cast<int32_t>(k), words, predictions, 0.0);
  for (const auto& [log_prob, label] : predictions) {
    std::string code = dict->getLabel(label);
    if (code.rfind(label_prefix, 0) == 0) code.erase(0, label_prefix.size());
    // fastText reports log(p + 1e-5); the scores here are the probabilities themselves.
    const double p = std::exp(static_cast<double>(log_prob)) - 1e-5;
    out.top.push_back({std::move(code), std::clamp(p, 0.0, 1.0)});
  }
  if (!out.top.empty()) {
    out.category = out.top.front().code;
    out.confidence = out.top.front().score;
  }
  return out;
}

}  // namespace cityops::domain
