export * from './testimonials.rules.js';
export {
  requestTestimonial,
  listTestimonials,
  getTestimonial,
  withdrawTestimonial,
  getTestimonialPage,
  answerTestimonial,
  TESTIMONIAL_ASKERS,
  type TestimonialPage,
} from './testimonials.js';
