import './patch-findbykey';
import '../register.bench';
